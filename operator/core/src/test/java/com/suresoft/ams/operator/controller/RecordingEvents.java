package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.status.EventRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Events a test's steps recorded, in order. */
final class RecordingEvents implements EventRecorder {
  record Recorded(Type type, String reason, String message) {}

  final List<Recorded> recorded = new CopyOnWriteArrayList<>();

  @Override
  public void record(AmsInstance instance, Type type, String reason, String message) {
    recorded.add(new Recorded(type, reason, message));
  }
}
