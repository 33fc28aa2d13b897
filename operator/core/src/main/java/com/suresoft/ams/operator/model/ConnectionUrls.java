package com.suresoft.ams.operator.model;

import java.nio.charset.StandardCharsets;

/**
 * Connection URLs with their parts percent-encoded (RFC 3986), so a value is always read back as
 * that value: a kept, hand-set password such as {@code p@evil:5432/x#} stays a password instead of
 * turning the rest of the URL into a host {@code evil}. Node's {@code pg} and {@code redis} clients
 * decode the user information, as every URL parser does.
 */
public final class ConnectionUrls {

  private ConnectionUrls() {}

  /** {@code scheme://user:password@host:port/path}; user, password and path are encoded. */
  public static String of(
      String scheme, String user, String password, String host, int port, String path) {
    var url = new StringBuilder(scheme).append("://");
    if (user != null || password != null) {
      url.append(encode(user == null ? "" : user));
      if (password != null) {
        url.append(':').append(encode(password));
      }
      url.append('@');
    }
    url.append(host).append(':').append(port);
    if (path != null) {
      url.append('/').append(encode(path));
    }
    return url.toString();
  }

  /** Every byte but RFC 3986's unreserved characters as %XX: safe in any part of a URL. */
  public static String encode(String value) {
    var out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
