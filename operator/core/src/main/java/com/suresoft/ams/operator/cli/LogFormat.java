package com.suresoft.ams.operator.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.status.WarnStatus;
import java.util.Locale;

/**
 * The format of the operator's log lines: {@code text} for people, {@code json} (one object per
 * line) for log pipelines. Env {@value #VARIABLE} picks it from the first line on; {@code run
 * --log-format} reloads the logging configuration with it.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The environment variable, and the logging context property that overrides it. */
  public static final String VARIABLE = "AMS_LOG_FORMAT";

  /** {@code text} or {@code json}, in any case; blank or null means text. */
  public static LogFormat parse(String value) {
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log format must be text or json, not '" + value + "'", e);
    }
  }

  /** Replaces {@code context}'s configuration by logback.xml in this format. */
  public void apply(LoggerContext context) {
    context.reset();
    context.putProperty(VARIABLE, name().toLowerCase(Locale.ROOT));
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(LogFormat.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("logback.xml is broken", e);
    }
  }

  /**
   * The format {@code context} asks for: its {@value #VARIABLE} property (set by {@link #apply}),
   * else the environment variable; a misspelt value falls back to text with a warning rather than
   * silencing the log.
   */
  static LogFormat chosen(Context context) {
    String value = context.getProperty(VARIABLE);
    if (value == null) {
      value = System.getenv(VARIABLE);
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      context.getStatusManager().add(new WarnStatus(e.getMessage() + "; logging as text", context));
      return TEXT;
    }
  }

  /**
   * Lets events through only in the appender of the chosen format. logback.xml attaches both
   * appenders and filters, because choosing one appender by name would leave the other
   * unreferenced, and logback prints a warning about that on stdout, into {@code render}'s YAML.
   */
  public static final class Selected extends Filter<ILoggingEvent> {
    private String format;
    private boolean active;

    /** The format of the appender this filter guards (logback.xml sets it). */
    public void setFormat(String format) {
      this.format = format;
    }

    @Override
    public void start() {
      active = parse(format) == chosen(getContext());
      super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
      return active ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
  }
}
