package com.suresoft.ams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo jar as {@code ./hack/demo.sh} runs it. */
class DemoIT {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = DemoCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path projectRoot() {
    return Path.of(System.getProperty("ams.projectRoot", "../..")).toAbsolutePath().normalize();
  }

  @Test
  void demoBuildsTheStackGoesReadyReleasesAndWritesNothingInSteadyState() {
    var sample = projectRoot().resolve("samples/production.yaml").toString();
    var run = run("-f", sample, "--release-version", "1.2.0");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("phase Ready")
        .contains("ams-api-blue", "ams-web-service", "ams-ingress", "ams-api-hpa")
        .contains("api 3/3@1.2.0")
        // the canary, step by step, with a promote
        .contains("weights blue 90% / green 10%", "release Canary 10% paused")
        .contains("kubectl ams promote ams -n ams", "weights blue 50% / green 50%")
        .contains("weights blue 0% / green 100%", "1.2.0 is the stable version")
        // the blue-green, aborted during its preview
        .contains("release BlueGreen preview", "kubectl ams abort ams -n ams")
        .contains("aborted by an abort action; all traffic on 1.2.0")
        .containsPattern("steady state: [1-9]\\d* reconciles in 3 s, 0 writes by the operator");
  }
}
