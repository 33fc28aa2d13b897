-- Argo CD health check for ams.suresoft.com/AmsInstance.
-- Add it to argocd-cm as resource.customizations.health.ams.suresoft.com_AmsInstance (docs/gitops.md).
-- Argo CD sets the global `obj` and expects a table {status = ..., message = ...}. Its sandbox has
-- no string library: only the language, ipairs/pairs/tostring and table.
--
-- The operator writes kstatus's abnormal-true conditions (present only while True): Stalled when
-- only a user's change helps, Reconciling while it works toward the spec. Argo CD's states:
--   Suspended    spec.paused, or a release waiting for a promote (as Argo Rollouts reports a
--                paused rollout)
--   Degraded     Stalled (invalid spec, failed or aborted release, a foreign object in the way),
--                or phase Degraded (was ready, lost a component; the operator retries)
--   Progressing  Reconciling, or a generation the operator has not observed yet
--   Healthy      Ready
local hs = {}

local function condition(status, type)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the instance"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local ready = condition(status, "Ready")
local stalled = condition(status, "Stalled")
local reconciling = condition(status, "Reconciling")
local release = status.release or {}

if status.phase == "Paused" then
  hs.status = "Suspended"
  hs.message = (isTrue(stalled) and stalled.message) or "spec.paused is true: nothing is reconciled"
  return hs
end

if isTrue(stalled) then
  hs.status = "Degraded"
  if stalled.reason == "InvalidSpec" then
    hs.message = "Invalid spec: " .. (stalled.message or "")
  else
    hs.message = (stalled.reason or "Stalled") .. ": " .. (stalled.message or "")
  end
  return hs
end

-- A pause step or the blue-green preview: nothing moves until a promote (or the pause's timer).
-- Once promoted (promotionRequested), the switch waits only for pods: Progressing.
if release.phase == "Paused" and release.promotionRequested ~= true then
  hs.status = "Suspended"
  hs.message = "Waiting for promote: " .. (release.message or release.summary or "release paused")
  return hs
end

-- Was ready and lost it (pods, a refused write, a failed reconciliation): the operator retries
-- (Reconciling), but what serves users is short of the spec.
if status.phase == "Degraded" or status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = (ready and ready.message) or status.phase
  if ready ~= nil and ready.reason == "InvalidSpec" then
    -- (from an operator version without Stalled)
    hs.message = "Invalid spec: " .. (ready.message or "")
  end
  return hs
end

if isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = reconciling.message or status.phase
  return hs
end

if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = ready.message or status.phase
  return hs
end

-- A status written by an operator without the kstatus conditions: judge by the phase.
hs.status = "Progressing"
hs.message = (ready and ready.message) or status.phase
return hs
