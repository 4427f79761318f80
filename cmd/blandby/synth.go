package main

import (
	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
)

func (m *Main) synthCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "synth",
		Short: "Generate a synthetic Denmark of register microdata (being written)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return blandby.Errorf(blandby.CodeInvalid, "synth is being written")
		},
	}
}
