package stackfile

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoadDevStack(t *testing.T) {
	s, err := Load("..", "dev", "")
	require.NoError(t, err)
	require.Equal(t, "alex-enterprise", s.Project)
	require.Equal(t, "us-east-1", s.Config["aws:region"])
	require.Equal(t, "alex-dev", s.Config["alex-enterprise:namePrefix"])
	require.JSONEq(t, `["planner","reporter","charter","retirement","tagger"]`, s.Config["alex-enterprise:agents"])
	require.Equal(t, "true", s.Config["alex-enterprise:bedrockEnabled"])
	require.Equal(t, "300", s.Config["alex-enterprise:dashboardPeriodSeconds"])
	require.JSONEq(t, `{}`, s.Config["alex-enterprise:alarmKmsKeys"])
}
