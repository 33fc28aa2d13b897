package com.suresoft.ams.testkit;

/**
 * Sees every request before the {@link EmbeddedApiServer} handles it and may answer it instead, or
 * delay the answer. This is the hook for fault injection (500, 503, 429 with Retry-After, 409, slow
 * responses); fault policies themselves live with the tests that need them.
 *
 * <p>Interceptors run on the server's event loop: they must decide quickly and must not block.
 */
@FunctionalInterface
public interface RequestInterceptor {

  /**
   * Decides what happens to a request. Return {@link Interception#proceed()} to let it through
   * untouched.
   */
  Interception intercept(ApiRequest request);
}
