package com.suresoft.ams.clusterrules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation, as a NetworkPolicy's {@code ipBlock} holds one.
 * Parsed without ever asking DNS: only address literals are accepted.
 */
public record Cidr(byte[] network, int prefix) {

  // Declared before the ranges below, which are parsed with them.
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  /** Hex digits, colons and dots with at least one colon: InetAddress reads it as a literal. */
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

  /** Link-local ranges: the cloud metadata service (169.254.169.254) and its IPv6 neighbours. */
  public static final Cidr LINK_LOCAL_V4 = parse("169.254.0.0/16");

  public static final Cidr LINK_LOCAL_V6 = parse("fe80::/10");

  public static final List<Cidr> LINK_LOCAL = List.of(LINK_LOCAL_V4, LINK_LOCAL_V6);

  /** Every address of a family. */
  public static final Cidr ANY_V4 = parse("0.0.0.0/0");

  public static final Cidr ANY_V6 = parse("::/0");

  public Cidr {
    network = network.clone();
  }

  /** The range's first address (a copy). */
  @Override
  public byte[] network() {
    return network.clone();
  }

  /**
   * The range {@code text} names, e.g. {@code 10.0.0.0/16} or {@code 2001:db8::/32}.
   *
   * @throws IllegalArgumentException with a message for a person when it is none
   */
  public static Cidr parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("\"" + text + "\" is not in CIDR notation (address/bits)");
    }
    byte[] address =
        address(text.substring(0, slash))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "\"" + text + "\" does not start with an IPv4 or IPv6 address"));
    int bits;
    try {
      bits = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      bits = -1;
    }
    if (bits < 0 || bits > address.length * 8) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has a prefix length outside 0-" + address.length * 8);
    }
    return new Cidr(address, bits);
  }

  /** The address a literal names; empty for anything else, a host name included. */
  public static Optional<byte[]> address(String literal) {
    if (literal == null || !(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
      return Optional.empty();
    }
    try {
      // Only literals reach here, so this never resolves a name.
      return Optional.of(InetAddress.getByName(literal).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether host bits are zero, as in {@code 10.0.0.0/8} (not {@code 10.0.0.1/8}). */
  public boolean canonical() {
    return Arrays.equals(network, masked(network, prefix));
  }

  /** The range with its host bits cleared. */
  public Cidr canonicalForm() {
    return new Cidr(masked(network, prefix), prefix);
  }

  public boolean contains(byte[] address) {
    return address.length == network.length
        && Arrays.equals(masked(address, prefix), masked(network, prefix));
  }

  /** Whether every address of {@code other} is in this range (a range contains itself). */
  public boolean contains(Cidr other) {
    return other.network.length == network.length
        && other.prefix >= prefix
        && contains(other.network);
  }

  public boolean ipv6() {
    return network.length == 16;
  }

  private static byte[] masked(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }

  @Override
  public String toString() {
    try {
      String host = InetAddress.getByAddress(network).getHostAddress();
      if (ipv6()) {
        host = compress(host);
      }
      return host + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Java writes 0:0:0:0:0:0:0:0; Kubernetes and people write ::. */
  private static String compress(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < groups.length; ) {
      if (!groups[i].equals("0")) {
        i++;
        continue;
      }
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength && j - i > 1) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    return head + "::" + tail;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefix;
  }
}
