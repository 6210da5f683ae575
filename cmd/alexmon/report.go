package main

import (
	"errors"
	"io"
	"log/slog"
)

func runReport(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	return errors.New("report is not implemented yet")
}
