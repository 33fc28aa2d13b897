package com.suresoft.ams.operator.cli;

/**
 * The client commands' exit codes, fixed because pipelines branch on them. Usage errors have a code
 * of their own (sysexits' EX_USAGE), so that a mistyped flag is never read as a timeout.
 */
public final class ExitCodes {
  public static final int OK = 0;

  /** Not found, refused, failed, or the operator ignored the action. */
  public static final int FAILED = 1;

  /** {@code --timeout} ended before the verdict. */
  public static final int TIMEOUT = 2;

  public static final int USAGE = 64;

  private ExitCodes() {}
}
