package com.suresoft.ams.operator.status;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;

/** Records Kubernetes Events on an instance. */
public interface EventRecorder {
  enum Type {
    Normal,
    Warning
  }

  void record(AmsInstance instance, Type type, String reason, String message);
}
