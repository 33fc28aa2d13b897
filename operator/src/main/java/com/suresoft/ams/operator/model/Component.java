package com.suresoft.ams.operator.model;

import java.util.List;

/** The parts of an AMS stack, as named in labels ({@code app.kubernetes.io/component}). */
public enum Component {
  WEB("web"),
  API("api"),
  WORKER("worker"),
  POSTGRES("postgres"),
  PGBOUNCER("pgbouncer"),
  REDIS("redis"),
  MINIO("minio"),
  MIGRATION("migration"),
  INGRESS("ingress"),
  SECRETS("secrets");

  /** Web, API and worker: released together, one Deployment per slot. */
  public static final List<Component> APP_TIER = List.of(WEB, API, WORKER);

  private final String label;

  Component(String label) {
    this.label = label;
  }

  /** The value of the component label and the part of object names that names the component. */
  public String label() {
    return label;
  }
}
