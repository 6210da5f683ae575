package main

import (
	"errors"
	"io"
	"log/slog"
)

func runRender(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	return errors.New("render is not implemented yet")
}
