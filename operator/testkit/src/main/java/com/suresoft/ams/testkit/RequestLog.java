package com.suresoft.ams.testkit;

import java.time.Instant;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request the {@link EmbeddedApiServer} received, in arrival order. Thread-safe.
 *
 * <p>Typical use: {@code long mark = log.mark(); ...; assertThat(log.writesSince(mark,
 * "ams-operator"::equals)).isEmpty();}
 *
 * <p>The log keeps the most recent {@value #DEFAULT_CAPACITY} requests so that a long {@code demo}
 * run does not grow without bound; positions stay valid across {@link #clear()} and eviction.
 */
public final class RequestLog {

  static final int DEFAULT_CAPACITY = 100_000;

  private int capacity;

  /** The sequence below which requests were evicted for capacity (not by {@link #clear()}). */
  private long evictedBelow;

  /** A linked list: {@link #answered} replaces an entry near the tail in place. */
  private final LinkedList<ApiRequest> entries = new LinkedList<>();

  private long nextSequence;
  private final java.util.Set<Long> noOps = new java.util.HashSet<>();

  RequestLog() {
    this(DEFAULT_CAPACITY);
  }

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  synchronized ApiRequest record(
      Instant timestamp,
      String method,
      String path,
      String query,
      String contentType,
      String actor) {
    ApiRequest request =
        new ApiRequest(
            nextSequence++,
            timestamp,
            method,
            path,
            query,
            contentType,
            actor,
            ApiRequest.UNANSWERED);
    entries.addLast(request);
    trim();
    return request;
  }

  /** Evicts the oldest requests beyond the capacity. */
  private void trim() {
    while (entries.size() > capacity) {
      long sequence = entries.removeFirst().sequence();
      noOps.remove(sequence);
      evictedBelow = sequence + 1;
    }
  }

  /**
   * Keeps the last {@code capacity} requests from now on (a benchmark of a large fleet counts more
   * than the default {@value #DEFAULT_CAPACITY}).
   */
  public synchronized void capacity(int capacity) {
    this.capacity = capacity;
    trim();
  }

  /** Notes that a write was accepted but changed nothing (the server stored nothing). */
  synchronized void noOp(ApiRequest request) {
    noOps.add(request.sequence());
  }

  /**
   * Writes by {@code actor} since {@code mark} that changed nothing: each is an API call an
   * operator could have saved by comparing first.
   */
  public synchronized List<ApiRequest> noOpWritesSince(long mark, Predicate<String> actor) {
    checkRetained(mark);
    return entries.stream()
        .filter(r -> r.sequence() >= mark && noOps.contains(r.sequence()) && actor.test(r.actor()))
        .toList();
  }

  /**
   * Records the status the server answered {@code request} with (what a real server's audit log
   * would say: for example, whether a server-side apply created the object). Requests are answered
   * one at a time right after they arrive, so the entry is found at once from the tail.
   */
  synchronized void answered(ApiRequest request, int status) {
    var entry = entries.listIterator(entries.size());
    while (entry.hasPrevious()) {
      ApiRequest candidate = entry.previous();
      if (candidate.sequence() == request.sequence()) {
        entry.set(candidate.answered(status));
        return;
      }
      if (candidate.sequence() < request.sequence()) {
        return;
      }
    }
  }

  /** All retained requests, oldest first. */
  public synchronized List<ApiRequest> requests() {
    return List.copyOf(entries);
  }

  /** The position of the next request; pass it to {@link #since} or {@link #writesSince}. */
  public synchronized long mark() {
    return nextSequence;
  }

  /**
   * Requests received at or after {@code mark}; refused when some of them were evicted, so that a
   * count taken from the answer is never silently short.
   */
  public synchronized List<ApiRequest> since(long mark) {
    checkRetained(mark);
    return entries.stream().filter(r -> r.sequence() >= mark).toList();
  }

  private void checkRetained(long mark) {
    if (mark < evictedBelow) {
      throw new IllegalStateException(
          "requests since "
              + mark
              + " were evicted: the log keeps the last "
              + capacity
              + " (RequestLog.capacity)");
    }
  }

  /** POST, PUT, PATCH and DELETE requests received at or after {@code mark}. */
  public List<ApiRequest> writesSince(long mark) {
    return writesSince(mark, actor -> true);
  }

  /** Writes received at or after {@code mark} whose actor matches. */
  public List<ApiRequest> writesSince(long mark, Predicate<String> actor) {
    return since(mark).stream()
        .filter(ApiRequest::isWrite)
        .filter(r -> actor.test(r.actor()))
        .toList();
  }

  /** Forgets all requests; marks taken before stay comparable. */
  public synchronized void clear() {
    entries.clear();
    noOps.clear();
  }
}
