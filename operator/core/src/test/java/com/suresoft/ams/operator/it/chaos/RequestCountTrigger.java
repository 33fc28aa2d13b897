package com.suresoft.ams.operator.it.chaos;

import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.Interception;
import com.suresoft.ams.testkit.RequestInterceptor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires when one actor has sent its n-th request since it was added: a point in the middle of the
 * operator's work, chosen by count rather than by time, so that it falls at the same step of a
 * creation on a fast machine and on a slow one.
 */
public final class RequestCountTrigger implements RequestInterceptor {
  private final String actor;
  private final long count;
  private final AtomicLong seen = new AtomicLong();
  private final CountDownLatch fired = new CountDownLatch(1);

  public RequestCountTrigger(String actor, long count) {
    this.actor = actor;
    this.count = count;
  }

  @Override
  public Interception intercept(ApiRequest request) {
    if (actor.equals(request.actor()) && seen.incrementAndGet() == count) {
      fired.countDown();
    }
    return Interception.proceed();
  }

  /** Waits until the count is reached; false if {@code timeout} passed first. */
  public boolean await(Duration timeout) throws InterruptedException {
    return fired.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean hasFired() {
    return fired.getCount() == 0;
  }
}
