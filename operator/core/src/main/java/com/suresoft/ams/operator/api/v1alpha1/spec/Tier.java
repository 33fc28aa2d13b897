package com.suresoft.ams.operator.api.v1alpha1.spec;

/** The seed's environment tiers; each picks a set of defaults (see {@code TierDefaults}). */
public enum Tier {
  Local,
  Development,
  Staging,
  Production
}
