package com.suresoft.ams.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity as kube-apiserver stores it: apimachinery's {@code Quantity} is re-serialised
 * in canonical form on every write, so {@code 1000m} comes back as {@code 1}, {@code 0.5} as {@code
 * 500m} and {@code 1024Mi} as {@code 1Gi}. Code that compares what it wrote with what it reads as
 * strings never matches on a real cluster, so it must not match here either.
 *
 * <p>The rules of {@code CanonicalizeBytes}: the format of the input's suffix is kept (binary SI,
 * decimal SI, or decimal exponent), the value is rounded up to nano units, and shown with the
 * largest suffix that leaves an integer; a binary value below 1024 or with a fraction is shown as
 * decimal SI. So {@code 1e3} stays {@code 1e3} (an exponent stays an exponent) and {@code 2000Mi}
 * stays {@code 2000Mi}.
 */
final class CanonicalQuantity {

  private enum Format {
    BINARY_SI,
    DECIMAL_SI,
    DECIMAL_EXPONENT
  }

  private static final Pattern QUANTITY =
      Pattern.compile("([+-]?)([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)([a-zA-Z]*|[eE][+-]?[0-9]+)");

  private static final Map<String, Integer> DECIMAL_SUFFIXES =
      Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);

  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private static final BigInteger KIBI = BigInteger.valueOf(1024);

  private CanonicalQuantity() {}

  /**
   * The canonical form of {@code text}.
   *
   * @throws IllegalArgumentException if it is not a quantity
   */
  static String of(String text) {
    Parsed parsed = parse(text);
    return canonical(parsed.value(), parsed.format());
  }

  /**
   * The amount {@code text} stands for, to compare quantities as a real server does.
   *
   * @throws IllegalArgumentException if it is not a quantity
   */
  static BigDecimal valueOf(String text) {
    return parse(text).value();
  }

  private record Parsed(BigDecimal value, Format format) {}

  private static Parsed parse(String text) {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "quantities must match the regular expression"
              + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
    BigDecimal number = new BigDecimal(m.group(2).endsWith(".") ? m.group(2) + "0" : m.group(2));
    if ("-".equals(m.group(1))) {
      number = number.negate();
    }
    String suffix = m.group(3);
    Format format;
    BigDecimal value;
    int binaryIndex = binaryIndex(suffix);
    if (binaryIndex > 0) {
      format = Format.BINARY_SI;
      value = number.multiply(new BigDecimal(KIBI.pow(binaryIndex)));
    } else if (DECIMAL_SUFFIXES.containsKey(suffix)) {
      format = Format.DECIMAL_SI;
      value = number.scaleByPowerOfTen(DECIMAL_SUFFIXES.get(suffix));
    } else if (suffix.startsWith("e") || suffix.startsWith("E")) {
      format = Format.DECIMAL_EXPONENT;
      value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    } else {
      throw new IllegalArgumentException("unable to parse quantity's suffix");
    }
    // The smallest unit a Quantity keeps is 1n; finer values are rounded up (away from zero).
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.UP);
    }
    return new Parsed(value, format);
  }

  private static String canonical(BigDecimal value, Format format) {
    if (value.signum() == 0) {
      return "0";
    }
    if (format == Format.BINARY_SI
        && (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0
            || value.stripTrailingZeros().scale() > 0)) {
      format = Format.DECIMAL_SI;
    }
    if (format == Format.BINARY_SI) {
      BigInteger amount = value.toBigIntegerExact();
      int exponent = 0;
      while (exponent < BINARY_SUFFIXES.length - 1 && amount.mod(KIBI).signum() == 0) {
        amount = amount.divide(KIBI);
        exponent++;
      }
      return amount + BINARY_SUFFIXES[exponent];
    }
    BigDecimal stripped = value.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    // The exponent goes down to a multiple of 3, the mantissa up: 1.5k is shown as 1500.
    int excess = Math.floorMod(exponent, 3);
    if (format == Format.DECIMAL_SI && exponent - excess > 18) {
      excess = exponent - 18;
    }
    mantissa = mantissa.multiply(BigInteger.TEN.pow(excess));
    exponent -= excess;
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    int e = exponent;
    String suffix =
        DECIMAL_SUFFIXES.entrySet().stream()
            .filter(s -> s.getValue() == e)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    return mantissa + suffix;
  }

  private static int binaryIndex(String suffix) {
    for (int i = 1; i < BINARY_SUFFIXES.length; i++) {
      if (BINARY_SUFFIXES[i].equals(suffix)) {
        return i;
      }
    }
    return 0;
  }
}
