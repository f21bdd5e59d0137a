// Entry point placeholder: replaced by the reconcile pipeline.
process.exitCode = 0;
