package com.suresoft.ams.operator.it.chaos;

import com.suresoft.ams.testkit.ApiRequest;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import com.suresoft.ams.testkit.Interception;
import com.suresoft.ams.testkit.RequestInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Answers a share of one actor's requests (the operator's: never the user's or the controller
 * simulator's, whose failures would test the simulator, not the operator) with the faults a real
 * API server produces.
 *
 * <p>Seeded: whether the n-th request with a given method, path and query (volatile parameters such
 * as {@code resourceVersion} left out) is faulted, and how, is a function of the seed, that key and
 * n alone. The operator's threads interleave differently from run to run, so the global order of
 * faults varies, but each logical request sees the same faults in every run with the same seed.
 *
 * <p>Note that fabric8's client retries 5xx and 429 by itself (ten times, exponential backoff from
 * 100 ms, Retry-After honoured), as it does in production, so most of those never reach the
 * operator's code; 409 and the watch faults do, and exercise JOSDK's retry and the informers'
 * re-list.
 */
public final class FaultPolicy implements RequestInterceptor {

  /** What a faulted request gets. */
  public enum Fault {
    /** 500 InternalError. */
    INTERNAL_ERROR,
    /** 503 ServiceUnavailable, as an overloaded or restarting API server answers. */
    UNAVAILABLE,
    /** 429 TooManyRequests with Retry-After (API priority and fairness). */
    TOO_MANY_REQUESTS,
    /** 409 Conflict, writes only: a concurrent writer got there first. */
    CONFLICT,
    /** The request is handled, but its answer comes late (a slow network or etcd). */
    SLOW,
    /** 410 Gone on opening a watch: the requested resourceVersion is too old; clients re-list. */
    WATCH_GONE,
    /**
     * The request is handled, and the actor's open watches on the same kind are closed, as when an
     * API server restarts; the client must watch again.
     */
    DROP_WATCHES;

    boolean appliesTo(ApiRequest request) {
      return switch (this) {
        case INTERNAL_ERROR, UNAVAILABLE, TOO_MANY_REQUESTS -> true;
        case CONFLICT -> request.isWrite();
        case SLOW, DROP_WATCHES -> !request.isWatch();
        case WATCH_GONE -> request.isWatch();
      };
    }
  }

  /** Query parameters that differ between otherwise identical requests. */
  private static final Set<String> VOLATILE_PARAMETERS =
      Set.of("resourceVersion", "timeoutSeconds", "allowWatchBookmarks", "continue");

  private final long seed;
  private final double rate;
  private final Predicate<String> actor;
  private final Set<Fault> faults;
  private final Duration slowest;
  private final int retryAfterSeconds;
  private final EmbeddedApiServer server;
  private final Map<String, AtomicLong> occurrences = new ConcurrentHashMap<>();
  private final Map<Fault, AtomicLong> injected = new ConcurrentHashMap<>();
  private final AtomicLong seen = new AtomicLong();
  private volatile boolean enabled = true;

  private FaultPolicy(Builder b) {
    this.seed = b.seed;
    this.rate = b.rate;
    this.actor = b.actor;
    this.faults = Set.copyOf(b.faults);
    this.slowest = b.slowest;
    this.retryAfterSeconds = b.retryAfterSeconds;
    this.server = b.server;
  }

  /**
   * A policy on {@code server} (whose watches {@link Fault#DROP_WATCHES} closes) faulting {@code
   * rate} of {@code actor}'s requests, with every fault kind, until changed on the builder.
   */
  public static Builder on(EmbeddedApiServer server, String actor, long seed, double rate) {
    return new Builder(server, actor::equals, seed, rate);
  }

  @Override
  public Interception intercept(ApiRequest request) {
    if (!enabled || !actor.test(request.actor()) || request.resource().isEmpty()) {
      return Interception.proceed();
    }
    seen.incrementAndGet();
    String key = key(request);
    long n = occurrences.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    var random = new SplittableRandom(seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L) ^ (n << 32));
    if (random.nextDouble() >= rate) {
      return Interception.proceed();
    }
    List<Fault> candidates = new ArrayList<>();
    for (Fault f : Fault.values()) {
      if (faults.contains(f) && f.appliesTo(request)) {
        candidates.add(f);
      }
    }
    if (candidates.isEmpty()) {
      return Interception.proceed();
    }
    Fault fault = candidates.get(random.nextInt(candidates.size()));
    if (fault == Fault.DROP_WATCHES) {
      String kind = request.resource();
      if (server.dropWatches(w -> actor.test(w.actor()) && w.resource().equals(kind)) > 0) {
        count(fault);
      }
      return Interception.proceed();
    }
    count(fault);
    return answer(fault, random);
  }

  private void count(Fault fault) {
    injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
  }

  private Interception answer(Fault fault, SplittableRandom random) {
    String message = "injected by FaultPolicy (seed " + seed + ")";
    return switch (fault) {
      case INTERNAL_ERROR -> Interception.respondWithStatus(500, "InternalError", message);
      case UNAVAILABLE -> Interception.respondWithStatus(503, "ServiceUnavailable", message);
      case TOO_MANY_REQUESTS ->
          Interception.respondWithStatus(429, "TooManyRequests", message)
              .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
      case CONFLICT -> Interception.respondWithStatus(409, "Conflict", message);
      case SLOW ->
          Interception.delayThenProceed(Duration.ofMillis(1 + random.nextLong(slowest.toMillis())));
      case WATCH_GONE -> Interception.respondWithStatus(410, "Expired", message);
      case DROP_WATCHES -> throw new IllegalArgumentException("handled by intercept");
    };
  }

  private static String key(ApiRequest request) {
    var query = new TreeMap<String, String>();
    for (String pair : request.query().split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!pair.isEmpty() && !VOLATILE_PARAMETERS.contains(name)) {
        query.put(name, eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return request.method() + " " + request.path() + " " + query;
  }

  /** Stops (false) or resumes (true) injecting; requests are still counted. */
  public void setEnabled(boolean value) {
    enabled = value;
  }

  /** How many of the actor's requests the policy saw while enabled. */
  public long seen() {
    return seen.get();
  }

  /** How many faults of each kind were injected so far. */
  public Map<Fault, Long> injected() {
    var result = new EnumMap<Fault, Long>(Fault.class);
    injected.forEach((f, n) -> result.put(f, n.get()));
    return result;
  }

  /** Settings of a {@link FaultPolicy}. */
  public static final class Builder {
    private final EmbeddedApiServer server;
    private final Predicate<String> actor;
    private final long seed;
    private final double rate;
    private Set<Fault> faults = EnumSet.allOf(Fault.class);
    private Duration slowest = Duration.ofMillis(200);
    private int retryAfterSeconds = 1;

    private Builder(EmbeddedApiServer server, Predicate<String> actor, long seed, double rate) {
      this.server = server;
      this.actor = actor;
      this.seed = seed;
      this.rate = rate;
    }

    /** Only these kinds of fault (default: all). */
    public Builder faults(Set<Fault> value) {
      faults = EnumSet.copyOf(value);
      return this;
    }

    /** Upper bound of a {@link Fault#SLOW} answer's delay (default 200 ms). */
    public Builder slowest(Duration value) {
      slowest = value;
      return this;
    }

    /** Retry-After of a 429, in whole seconds as the header has it (default 1). */
    public Builder retryAfterSeconds(int value) {
      retryAfterSeconds = value;
      return this;
    }

    public FaultPolicy build() {
      return new FaultPolicy(this);
    }
  }
}
