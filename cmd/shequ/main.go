// Command shequ turns community-level exports from Chinese street and
// district offices into a warehouse of coverage and equalization
// indicators. Run `shequ --help` for the commands.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
