package com.suresoft.ams.operator.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the benchmark reads about the operator's process from outside it, parsed: its CPU time from
 * {@code /proc/<pid>/stat}, its peak resident set from {@code /proc/<pid>/status}, its heap and GC
 * time from {@code jstat -gc}, and its finished reconciliations from its Prometheus endpoint. Pure
 * functions of the text, so that each can be tested on a sample.
 */
final class ProcessProbes {
  private ProcessProbes() {}

  /**
   * User plus system CPU time in clock ticks: fields 14 and 15 of {@code /proc/<pid>/stat}
   * (proc(5)). The second field, the command name, is in parentheses and may itself hold spaces or
   * parentheses, so the fields are counted from the last closing parenthesis.
   */
  static long cpuTicks(String stat) {
    int end = commandNameEnd(stat);
    // After the name: field 3 (state) is the first; utime is field 14, stime field 15.
    String[] fields = stat.substring(end + 1).trim().split("\\s+");
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  private static int commandNameEnd(String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0 || stat.indexOf('(') < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
    }
    return end;
  }

  /**
   * CPU ticks by thread group, of the {@code /proc/<pid>/task/<tid>/stat} lines of the threads
   * alive now: a thread's name (the kernel's first 15 characters of it) with its digits as {@code
   * #}, so that the threads of one pool are one group. Threads that have ended are not in it; their
   * ticks are in the process's total.
   */
  static Map<String, Long> ticksByThreadGroup(List<String> taskStats) {
    var groups = new TreeMap<String, Long>();
    for (String stat : taskStats) {
      String name = stat.substring(stat.indexOf('(') + 1, commandNameEnd(stat));
      groups.merge(name.replaceAll("[0-9]+", "#"), cpuTicks(stat), Long::sum);
    }
    return groups;
  }

  /** The peak resident set size ({@code VmHWM}, in kB) of {@code /proc/<pid>/status}, in bytes. */
  static long peakRssBytes(String status) {
    return status
        .lines()
        .filter(l -> l.startsWith("VmHWM:"))
        .findFirst()
        .map(l -> kibibytes(l.substring("VmHWM:".length())) * 1024)
        .orElseThrow(() -> new IllegalArgumentException("no VmHWM line in /proc/<pid>/status"));
  }

  private static long kibibytes(String value) {
    String v = value.trim();
    if (!v.endsWith("kB")) {
      throw new IllegalArgumentException("not in kB: " + v);
    }
    return Long.parseLong(v.substring(0, v.length() - 2).trim());
  }

  /**
   * The bytes of every live object: the {@code Total} line of {@code jcmd GC.class_histogram},
   * which collects fully first and then counts what is left. Unlike the heap used that {@code
   * jstat} shows after a collection, it leaves out what the process allocated since (a
   * reconciliation, a scrape of its metrics), which moved the converged figure by up to 13 MiB at
   * 1,000 instances.
   */
  static long liveBytes(String classHistogram) {
    return classHistogram
        .lines()
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length == 3 && fields[0].equals("Total"))
        .map(fields -> Long.parseLong(fields[2]))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new IllegalArgumentException("no Total line in the class histogram"));
  }

  /** One sample of {@code jstat -gc}: heap used (survivors, eden, old) and total GC time. */
  record GcSample(long heapUsedBytes, double gcSeconds) {}

  /**
   * {@code jstat -gc <pid>}: a header line and a value line, columns in KB (capacities and use) and
   * seconds (GC times). The columns differ between JDKs and collectors (G1 adds CGC and CGCT), so
   * they are found by name.
   */
  static GcSample jstatGc(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() < 2) {
      throw new IllegalArgumentException("not jstat -gc output: " + output);
    }
    List<String> names = Arrays.asList(lines.get(0).trim().split("\\s+"));
    String[] values = lines.get(1).trim().split("\\s+");
    double usedKb = 0;
    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
      usedKb += value(names, values, column);
    }
    return new GcSample(Math.round(usedKb * 1024), value(names, values, "GCT"));
  }

  private static double value(List<String> names, String[] values, String column) {
    int i = names.indexOf(column);
    if (i < 0 || i >= values.length) {
      throw new IllegalArgumentException("no column " + column + " in jstat -gc output");
    }
    // jstat prints "-" for a time it does not measure.
    return values[i].equals("-") ? 0 : Double.parseDouble(values[i]);
  }

  /**
   * Finished reconciliations: the sum of JOSDK's {@code operator_sdk_reconciliations_success_total}
   * series (one per instance: {@code run} collects its metrics per resource) in Prometheus' text
   * format.
   */
  static long finishedReconciliations(String metrics) {
    String name = "operator_sdk_reconciliations_success_total";
    double total = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Math.round(total);
  }
}
