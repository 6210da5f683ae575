// The alex-enterprise Pulumi program: CloudWatch dashboards and alarms for the Alex multi-agent
// AI application. It only wires the program to the Pulumi engine; see package infra.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/alex-enterprise/monitoring/infra"
)

func main() {
	program := &infra.Program{}
	pulumi.Run(program.Run, program.ReadConfig)
}
