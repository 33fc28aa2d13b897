package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.status.ReleaseStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link Report} did with the pass's status.
 *
 * @param release the {@code status.release} the pass recorded; {@code null}: the status keeps its
 *     own (invalid, paused, or a failed write whose step the retry plans again)
 * @param progressLater progress held back by the status throttle, to be written after this long
 * @param current whether the stored status is this pass's (written, or the same already; progress
 *     held back counts), so that it names a failed write of the pass
 */
record Reported(ReleaseStatus release, Optional<Duration> progressLater, boolean current) {}
