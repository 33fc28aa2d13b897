package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.model.OptionalCrd;
import java.time.Duration;
import java.util.Set;

/** Which optional CRDs the cluster has. */
public interface CrdPresence {
  /** The optional CRDs installed, as last seen. */
  Set<OptionalCrd> installed();

  /** How stale {@link #installed()} may be; a missing CRD is looked for again after this. */
  Duration recheckInterval();
}
