// Package letting decides lettings and allocations of dwellings in the
// listed housing areas (docs/law/letting.md): the priority groups
// of flexible letting (ABL § 60, stk. 4), the rejections of combined
// letting (§ 51 b) and mandatory rejection (§ 51 c), the limits on
// municipal allocation (§ 59, stk. 6 and 7), and the conditions on sublets
// and exchanges.
//
// The rules are data: versioned rule sets under law/rules/letting, picked by
// the decision date. A decision takes the area's category on the list in
// force at the decision date (InForce), the municipality's policy and the
// household, and explains every outcome with rule id, legal reference,
// Danish and English text and the rule-set version. The package does no
// I/O and reads no clock: dates are arguments.
package letting
