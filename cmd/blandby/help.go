package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/blandby/blandby/msg"
)

// localize puts the texts cobra adds itself in the command line's
// language: the help and completion commands, the --help and --version
// flags, and the usage (Usage:, Flags:, …), written by usageFunc. The
// commands' own texts come from the catalogue where they are made.
func (m *Main) localize(root *cobra.Command) {
	l := m.lang
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Use = "help [" + msg.T(l, "cli.help.command") + "]"
			c.Short = msg.T(l, "cli.help.short")
			c.Long = msg.T(l, "cli.help.long", root.Name())
		case "completion":
			c.Short = msg.T(l, "cli.completion.short")
			c.Long = msg.T(l, "cli.completion.long", root.Name())
			for _, sh := range c.Commands() {
				sh.Short = msg.T(l, "cli.completion.shell_short", sh.Name())
				sh.Long = msg.T(l, "cli.completion.shell_long", sh.Name(), completionLoad(root.Name(), sh.Name()))
				if f := sh.Flags().Lookup("no-descriptions"); f != nil {
					f.Usage = msg.T(l, "cli.completion.flag.no_descriptions")
				}
			}
		}
	}
	root.Flags().Bool("version", false, msg.T(l, "cli.help.flag.version", root.Name()))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, msg.T(l, "cli.help.flag.help", c.CommandPath()))
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.SetUsageFunc(m.usageFunc)
}

// completionLoad is the command that loads blandby's completion script
// into the current session of a shell.
func completionLoad(prog, shell string) string {
	switch shell {
	case "fish":
		return prog + " completion fish | source"
	case "powershell":
		return prog + " completion powershell | Out-String | Invoke-Expression"
	}
	return "source <(" + prog + " completion " + shell + ")"
}

// usageFunc writes the usage of c, as cobra's own does, in the command
// line's language.
func (m *Main) usageFunc(c *cobra.Command) error {
	l := m.lang
	w := c.OutOrStderr()
	fmt.Fprint(w, msg.T(l, "cli.help.usage"))
	// blandby itself runs only to tell an unknown command: its usage is
	// its commands.
	if c.Runnable() && c.HasParent() {
		line := c.UseLine()
		if s, ok := strings.CutSuffix(line, " [flags]"); ok {
			line = s + " [" + msg.T(l, "cli.help.flags_placeholder") + "]"
		}
		fmt.Fprintf(w, "\n  %s", line)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s [%s]", c.CommandPath(), msg.T(l, "cli.help.command"))
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(w, "\n\n%s\n  %s", msg.T(l, "cli.help.aliases"), c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\n%s\n%s", msg.T(l, "cli.help.examples"), c.Example)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\n%s", msg.T(l, "cli.help.available_commands"))
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(w, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\n\n%s\n", msg.T(l, "cli.help.flags"))
		m.flagUsages(w, c.LocalFlags())
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\n\n%s\n", msg.T(l, "cli.help.global_flags"))
		m.flagUsages(w, c.InheritedFlags())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\n%s", msg.T(l, "cli.help.more", c.CommandPath()))
	}
	fmt.Fprintln(w)
	return nil
}

// flagUsages writes the flags of fs as pflag's FlagUsages does, with the
// value placeholders and "(default …)" in the command line's language, and
// without the last newline.
func (m *Main) flagUsages(w io.Writer, fs *pflag.FlagSet) {
	var lines []string
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		line := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			line = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if name != "" {
			line += " " + m.placeholder(name)
		}
		line += "\x00"
		width = max(width, utf8.RuneCountInString(line))
		line += usage
		if !zeroDefault(f.DefValue) {
			def := f.DefValue
			if f.Value.Type() == "string" {
				def = fmt.Sprintf("%q", def)
			}
			line += " (" + msg.T(m.lang, "cli.help.default", def) + ")"
		}
		lines = append(lines, line)
	})
	for i, line := range lines {
		head, usage, _ := strings.Cut(line, "\x00")
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s %s %s", head, strings.Repeat(" ", width-utf8.RuneCountInString(head)), usage)
	}
}

// zeroDefault reports whether a flag's default is its type's zero value,
// which usage leaves out.
func zeroDefault(def string) bool {
	switch def {
	case "", "false", "0", "0s", "[]", "<nil>":
		return true
	}
	return false
}

// placeholder is the value placeholder of a flag of the pflag type name in
// the command line's language.
func (m *Main) placeholder(name string) string {
	switch name {
	case "string":
		return msg.T(m.lang, "cli.help.type.string")
	case "int":
		return msg.T(m.lang, "cli.help.type.int")
	case "uint":
		return msg.T(m.lang, "cli.help.type.uint")
	case "float":
		return msg.T(m.lang, "cli.help.type.float")
	case "duration":
		return msg.T(m.lang, "cli.help.type.duration")
	case "encoding":
		return msg.T(m.lang, "cli.help.type.encoding")
	}
	return name
}
