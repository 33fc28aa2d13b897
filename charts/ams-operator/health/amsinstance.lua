-- Argo CD health check for ams.suresoft.com/AmsInstance.
-- Add it to argocd-cm as resource.customizations.health.ams.suresoft.com_AmsInstance (README).
-- Argo CD sets the global `obj` and expects a table {status = ..., message = ...}.
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
local message = (ready and ready.message) or status.phase

-- An invalid spec is never fixed by waiting: say so at once.
if ready ~= nil and ready.reason == "InvalidSpec" then
  hs.status = "Degraded"
  hs.message = "Invalid spec: " .. (ready.message or "")
  return hs
end

local phase = status.phase
if phase == "Ready" then
  hs.status = "Healthy"
elseif phase == "Paused" then
  hs.status = "Suspended"
elseif phase == "Provisioning" or phase == "Progressing" then
  hs.status = "Progressing"
elseif phase == "Degraded" or phase == "Failed" then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
hs.message = message
return hs
