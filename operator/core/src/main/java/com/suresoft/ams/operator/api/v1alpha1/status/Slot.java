package com.suresoft.ams.operator.api.v1alpha1.status;

/** The two Deployment slots of each released component. */
public enum Slot {
  blue,
  green;

  /** The slot a candidate goes into when this one is active. */
  public Slot other() {
    return this == blue ? green : blue;
  }
}
