package com.suresoft.ams.kubectl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs {@code kubectl ams} in this JVM, as {@link KubectlAms#main} would, with a kubeconfig. */
record Cli(String kubeconfig) {

  /** One run: the exit code and what it printed. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  Run run(String... args) {
    var all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig");
    all.add(kubeconfig);
    return plain(all.toArray(String[]::new));
  }

  /** Runs in the background, for commands that wait for what the test does next. */
  CompletableFuture<Run> start(String... args) {
    return CompletableFuture.supplyAsync(() -> run(args));
  }

  static Run plain(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = KubectlAms.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }
}
