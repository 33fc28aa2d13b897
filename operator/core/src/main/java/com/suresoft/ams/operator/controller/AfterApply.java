package com.suresoft.ams.operator.controller;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.status.DataIssue;
import com.suresoft.ams.operator.status.Observation.ComponentObservation;
import java.util.List;
import java.util.Map;

/**
 * The instance's components as the workflow left them ({@link Observe#afterApply}), for the status:
 * each component's readiness and version (the app tier's serving slot, then the data tier), and
 * what keeps the data tier from working (the data tier's issues, then the volumes that could not
 * grow).
 */
record AfterApply(Map<Component, ComponentObservation> components, List<DataIssue> dataIssues) {}
