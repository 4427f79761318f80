package main

import (
	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
)

func (m *Main) computeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "compute",
		Short: "Compute the indicators and lists of list years from register microdata (being written)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return blandby.Errorf(blandby.CodeInvalid, "compute is being written")
		},
	}
}
