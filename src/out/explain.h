/*
 * explain: why a fact exists (`resmap map --explain`). For each fact, a
 * heading in the words of the violation messages, then the chain of
 * declarations that made it, origin first, each line starting with the
 * declaration's file:line:col (as diagnostics do, so editors jump to it):
 *
 *   health.records about patients of clinic is stored by trainer in aws:us-east-1 (US)
 *     inventory.yaml:17:9: patient-records stores it
 *     inventory.yaml:25:19: support-console receives it from patient-records
 *     inventory.yaml:30:9: support-console sends it to trainer
 *     inventory.yaml:36:14: trainer is placed in aws:us-east-1
 *     inventory.yaml:38:9: trainer stores health, so it holds it at rest
 *
 * Then the step that put it in its region: the `regions` entry (or the
 * multi-region naming it), a `replicas` entry or `redundancy: geo` and
 * the pair, an `access_from` entry. Facts are written in the order given.
 *
 * out_explain_json writes the same steps for scripts:
 *   {"resmap":1,"explain":[{"fact":FACT,"because":[{"source":"file:line:col",
 *   "says":"patient-records stores it"},...]},...]}
 * where FACT is out_fact_json's object.
 */
#ifndef RESMAP_EXPLAIN_H
#define RESMAP_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

#include "engine/facts.h"

void out_explain(FILE *out, const struct fact *const *facts, size_t n);
void out_explain_json(FILE *out, const struct fact *const *facts, size_t n);

#endif
