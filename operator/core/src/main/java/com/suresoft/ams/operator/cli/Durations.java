package com.suresoft.ams.operator.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as kubectl takes them ({@code 90s}, {@code 15m}, {@code 1h30m}, {@code 500ms}; a bare
 * number is seconds) and, as the operator's flags always did, ISO-8601 ({@code PT15M}).
 */
public final class Durations implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** The duration {@code value} names; a {@link TypeConversionException} saying why not. */
  public static Duration parse(String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    if (WHOLE.matcher(v).matches()) {
      var total = Duration.ZERO;
      var m = PART.matcher(v);
      while (m.find()) {
        double n = Double.parseDouble(m.group(1));
        long unitMillis =
            switch (m.group(2)) {
              case "ms" -> 1;
              case "s" -> 1_000;
              case "m" -> 60_000;
              default -> 3_600_000;
            };
        total = total.plusMillis(Math.round(n * unitMillis));
      }
      return total;
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (examples: 30s, 15m, 1h30m, PT15M)");
    }
  }

  /**
   * {@code d} as kubectl prints durations: {@code 90s} as {@code 1m30s}, {@code 15m}, {@code 2h}.
   */
  public static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    var out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    if (s % 60 != 0 || out.isEmpty()) {
      out.append(s % 60).append('s');
    }
    return out.toString();
  }

  /**
   * An object's age as {@code kubectl get} shows it: {@code 45s}, {@code 12m}, {@code 5h}, {@code
   * 3d}.
   */
  public static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 2 * 3600) {
      return s / 60 + "m";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
