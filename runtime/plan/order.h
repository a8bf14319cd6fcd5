// Ordering a plan's actions into a DAG (`Plan::waits_for`) and waves (`Plan::wave`).
//
// Creates, updates, replaces and no-ops wait for the resources they depend on (reads of
// outputs and `depends_on`), so a no-op passes ordering through. Deletes run in reverse
// dependency order: a deleted resource goes before the deleted resources it depended on
// (from the dependencies recorded in state). The executor runs every delete of resources
// that left the spec before the other actions (a file moved from one address to another is
// deleted before it is written again); waves reflect that.
#pragma once

#include "runtime/graph/graph.h"
#include "runtime/plan/plan.h"

namespace cairn::plan {

void order_actions(Plan& plan, const graph::Spec* spec, const graph::Graph* graph);

} // namespace cairn::plan
