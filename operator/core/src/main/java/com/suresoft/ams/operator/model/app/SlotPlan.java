package com.suresoft.ams.operator.model.app;

import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.Component;

/**
 * One Deployment the app tier should have: a component's slot, the version it runs, and its
 * replicas ({@code null}: an HPA owns them, so the Deployment must not set any).
 */
public record SlotPlan(Component component, Slot slot, String version, Integer replicas) {}
