package com.suresoft.ams.testkit;

import java.time.Instant;

/**
 * One write as the handlers see it.
 *
 * @param manager the field manager of a non-apply write: the {@code fieldManager} query parameter,
 *     else the actor header, else the User-Agent up to its first slash (as a real server does)
 */
record WriteRequest(
    ResourcePath path, String contentType, String body, String manager, Instant now) {}
