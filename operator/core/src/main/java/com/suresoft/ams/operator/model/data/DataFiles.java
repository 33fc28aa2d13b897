package com.suresoft.ams.operator.model.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scripts and configuration files the data tier's pods run, kept as files under {@code
 * src/main/resources/data/} so that tests run the very same bytes against the real programs.
 */
public final class DataFiles {
  /**
   * Sourced by the entrypoints of PostgreSQL, PgBouncer and Redis (in each one's ConfigMap): loads
   * a renewed certificate without a restart.
   */
  public static final String TLS_WATCH = "tls-watch.sh";

  private DataFiles() {}

  /**
   * The files read so far: they are part of the jar and never change, and every pass that builds a
   * data workload's ConfigMap or its digest asks for them again (reading and inflating them from
   * the jar each time was 1 % of a converging fleet's CPU, BENCHMARKS.md session 18).
   */
  private static final Map<String, String> READ = new ConcurrentHashMap<>();

  /** The content of {@code data/<name>} on the class path. */
  public static String read(String name) {
    return READ.computeIfAbsent(name, DataFiles::readFromClassPath);
  }

  private static String readFromClassPath(String name) {
    try (InputStream in = DataFiles.class.getResourceAsStream("/data/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource data/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The named files, keyed by name (ConfigMap data). */
  public static Map<String, String> readAll(String... names) {
    var files = new TreeMap<String, String>();
    for (String name : names) {
      files.put(name, read(name));
    }
    return files;
  }

  /**
   * A short digest of some files, put on pod templates so that a changed script or configuration
   * rolls the pods (a mounted ConfigMap changes under a running process, which would not re-read
   * it).
   */
  public static String digest(Map<String, String> files) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(files)
          .forEach(
              (k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
              });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
