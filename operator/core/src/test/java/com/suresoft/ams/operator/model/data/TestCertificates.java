package com.suresoft.ams.operator.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.testing.RequiredProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test CA and server certificates made with the {@code openssl} CLI, laid out as the kubelet
 * mounts cert-manager's Secrets: a directory with {@code tls.crt}, {@code tls.key} and {@code
 * ca.crt}, root-owned and readable by the server's group only (mode 0440) when the tests run as
 * root, as they do in CI; owned by the (unprivileged) user and 0600 otherwise.
 */
final class TestCertificates {
  private final PodScripts pods;
  private final Path work;
  private final Path caKey;
  private final Path caCert;

  /** A new CA named {@code name}. */
  TestCertificates(PodScripts pods, String name) {
    RequiredProgram.require("openssl");
    this.pods = pods;
    this.work = pods.dir("pki-" + name);
    this.caKey = work.resolve("ca.key");
    this.caCert = work.resolve("ca.crt");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        caKey.toString(),
        "-out",
        caCert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  Path caCert() {
    return caCert;
  }

  /**
   * The DNS names the certificate of {@code service} carries by contract (the certs side issues
   * them): the Service's name, with its namespace, with {@code .svc}, and fully qualified.
   */
  static List<String> serviceNames(String service, String namespace) {
    return List.of(
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  /**
   * A server certificate for {@code dnsNames} (plus the IP 127.0.0.1, where the tests' servers
   * listen), signed by this CA, in a new Secret-like directory {@code name}.
   */
  Path server(String name, List<String> dnsNames) {
    var key = work.resolve(name + ".key");
    var csr = work.resolve(name + ".csr");
    var crt = work.resolve(name + ".crt");
    var ext = work.resolve(name + ".ext");
    try {
      Files.writeString(
          ext,
          "basicConstraints=CA:FALSE\n"
              + "keyUsage=critical,digitalSignature,keyEncipherment\n"
              + "extendedKeyUsage=serverAuth\n"
              + "subjectAltName="
              + dnsNames.stream().map(n -> "DNS:" + n).collect(Collectors.joining(","))
              + ",IP:127.0.0.1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=" + dnsNames.get(0));
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        caCert.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-out",
        crt.toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
    var dir = pods.dir(name);
    try {
      Files.copy(crt, dir.resolve("tls.crt"));
      Files.copy(key, dir.resolve("tls.key"));
      Files.copy(caCert, dir.resolve("ca.crt"));
      if ("root".equals(System.getProperty("user.name"))) {
        // The kubelet's layout with fsGroup: root-owned, the pod's group may read, nobody else.
        for (String f : List.of("tls.crt", "tls.key", "ca.crt")) {
          run("chown", "root:" + PodScripts.USER, dir.resolve(f).toString());
          run("chmod", "0440", dir.resolve(f).toString());
        }
      } else {
        for (String f : List.of("tls.crt", "tls.key", "ca.crt")) {
          Files.setPosixFilePermissions(
              dir.resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * A copy of the CA certificate a client trusts, readable by anyone (a client's mount holds only
   * {@code ca.crt}).
   */
  Path clientCa(String name) {
    var dir = pods.dir(name);
    try {
      var file = dir.resolve("ca.crt");
      Files.copy(caCert, file);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The serial number of certificate {@code crt}, in hex as OpenSSL prints it, no leading 0s. */
  static String serial(Path crt) {
    return serialOf(
        PodScripts.run(
            List.of("openssl", "x509", "-noout", "-serial", "-in", crt.toString()),
            java.util.Map.of(),
            java.time.Duration.ofSeconds(10)));
  }

  /**
   * The serial number of the certificate the server on 127.0.0.1:{@code port} presents, as OpenSSL
   * reads it; {@code starttls} is s_client's protocol for servers that negotiate TLS first ({@code
   * postgres}), or null for servers that speak TLS at once.
   */
  static String servedSerial(int port, String starttls) {
    String options = starttls == null ? "" : "-starttls " + starttls + " ";
    return serialOf(
        PodScripts.run(
            List.of(
                "sh",
                "-c",
                "openssl s_client "
                    + options
                    + "-connect 127.0.0.1:"
                    + port
                    + " </dev/null 2>/dev/null | openssl x509 -noout -serial"),
            java.util.Map.of(),
            java.time.Duration.ofSeconds(10)));
  }

  private static String serialOf(PodScripts.Result openssl) {
    return openssl.output().trim().replaceFirst("^serial=", "").replaceFirst("^0+", "");
  }

  private void openssl(String... args) {
    var command = new ArrayList<String>();
    command.add("openssl");
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static void run(String... command) {
    var r = PodScripts.run(List.of(command), Map.of(), Duration.ofSeconds(30));
    assertThat(r.exit()).as(String.join(" ", command) + ": " + r.output()).isZero();
  }
}
