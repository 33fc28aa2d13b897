package com.suresoft.ams.operator.model;

import java.util.Set;

/** The server-side-apply field managers this operator writes as. */
public final class FieldManagers {
  /** Every apply of the operator's desired state, and its status writes. */
  public static final String OPERATOR = Labels.OPERATOR;

  /** The co-owner that hands {@code spec.replicas} over to an HPA (controller.actions). */
  public static final String REPLICA_HANDOVER = "ams-operator-replica-handover";

  public static final Set<String> ALL = Set.of(OPERATOR, REPLICA_HANDOVER);

  private FieldManagers() {}
}
