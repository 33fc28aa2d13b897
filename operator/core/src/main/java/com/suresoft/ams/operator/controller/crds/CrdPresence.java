package com.suresoft.ams.operator.controller.crds;

import com.suresoft.ams.operator.model.ServedVersions;
import java.time.Duration;

/** Which optional CRDs the cluster has, and which of their versions it serves. */
public interface CrdPresence {
  /** The versions each optional CRD serves, as last seen. */
  ServedVersions served();

  /** How stale {@link #served()} may be; a missing CRD is looked for again after this. */
  Duration recheckInterval();
}
