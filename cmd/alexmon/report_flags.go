package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/alex-enterprise/monitoring/awscheck"
)

// now is the clock of the report window; tests replace it.
var now = time.Now

// defaultTimeout bounds all AWS calls of one report or doctor run, retries included.
const defaultTimeout = 60 * time.Second

// parseSince parses the --since flag: a Go duration such as 90m or 36h, or a whole number
// of days such as 7d.
func parseSince(text string) (time.Duration, error) {
	var since time.Duration
	if days, ok := strings.CutSuffix(text, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("%w: --since %q is not a duration such as 24h, 90m or 7d", errUsage, text)
		}
		since = time.Duration(n) * 24 * time.Hour
	} else {
		d, err := time.ParseDuration(text)
		if err != nil {
			return 0, fmt.Errorf("%w: --since %q is not a duration such as 24h, 90m or 7d", errUsage, text)
		}
		since = d
	}
	if since < awscheck.MinWindow || since > awscheck.MaxWindow {
		return 0, fmt.Errorf("%w: --since %s must be between 1m and %dd, the range CloudWatch keeps data for",
			errUsage, text, int(awscheck.MaxWindow.Hours()/24))
	}
	return since, nil
}

// checkTimeout rejects a --timeout that is not positive.
func checkTimeout(timeout time.Duration) error {
	if timeout <= 0 {
		return fmt.Errorf("%w: --timeout %s must be positive, such as 30s or 2m", errUsage, timeout)
	}
	return nil
}

// explainTimeout adds the --timeout value and what to do to an AWS call that timed out.
func explainTimeout(err error, timeout time.Duration) error {
	if errors.Is(err, awscheck.ErrTimeout) {
		return fmt.Errorf("%w; --timeout %s ran out: raise it or check network access to the endpoint", err, timeout)
	}
	return err
}
