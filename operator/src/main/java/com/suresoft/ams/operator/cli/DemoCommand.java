package com.suresoft.ams.operator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the embedded API server lands. */
@Command(name = "demo", description = "Run the operator against an in-process API server.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
