package com.suresoft.ams.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How the pods a simulated Deployment starts become ready. On a real cluster pods take time to pass
 * their readiness probes, and some never do; an operator that routes traffic by ready capacity must
 * be tested against that, not only against Deployments that are fully ready the moment they ask for
 * pods.
 *
 * <p>A pod starts when the Deployment asks for more pods or for a new template, or when it recovers
 * (see {@link ControllerSimulator#recover}). Starting pods of the Deployment's current template
 * become ready in order, each {@code interval} after the previous one (the first {@code interval}
 * after it started), as long as fewer than {@code maxReady} pods of that template are ready. Pods
 * that were ready before stay ready when the readiness changes.
 *
 * @param interval time between one pod becoming ready and the next; zero: all at once
 * @param maxReady the most pods of the current template that become ready; the others keep starting
 *     (unready) until the readiness changes
 */
public record PodReadiness(Duration interval, int maxReady) {

  private static final PodReadiness IMMEDIATE = new PodReadiness(Duration.ZERO, Integer.MAX_VALUE);

  public PodReadiness {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative: " + interval);
    }
    if (maxReady < 0) {
      throw new IllegalArgumentException("maxReady must not be negative: " + maxReady);
    }
  }

  /** Every pod is ready the moment it starts: the simulator's default, kind but fast. */
  public static PodReadiness immediate() {
    return IMMEDIATE;
  }

  /** Pods become ready one by one, {@code interval} apart, as slow-starting pods do. */
  public static PodReadiness oneByOne(Duration interval) {
    if (interval.isZero()) {
      throw new IllegalArgumentException("one by one needs a positive interval");
    }
    return new PodReadiness(interval, Integer.MAX_VALUE);
  }

  /**
   * At most {@code maxReady} pods of the current template become ready, at once; the rest never
   * pass their readiness probe (a partly broken version, or no room for more pods).
   */
  public static PodReadiness partly(int maxReady) {
    return new PodReadiness(Duration.ZERO, maxReady);
  }

  /** The same pace, but at most {@code maxReady} pods of the current template become ready. */
  public PodReadiness atMost(int maxReady) {
    return new PodReadiness(interval, maxReady);
  }
}
