package main

import (
	"errors"
	"io"
	"log/slog"
)

func runDoctor(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	return errors.New("doctor is not implemented yet")
}
