package com.suresoft.ams.operator.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link ReleaseDriver} (harness, test clock, Istio CRDs, routing recorder) for each
 * release test; closing it after the test judges the test's whole routing recording.
 */
abstract class ReleaseTest {
  protected ReleaseDriver d;

  @BeforeEach
  void startDriver() {
    d = new ReleaseDriver();
  }

  @AfterEach
  void stopDriver() {
    d.close();
  }
}
