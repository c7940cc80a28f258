def log = new File(basedir, 'build.log').text
assert log.contains('artifacts reach prod only by promotion from test; run mvn mlops:promote -Dmodel=model1 -Denv=prod')
assert log.contains("model 'nosuch' is not in mlops_settings.yaml; its models are model1")
assert log.contains('mlops:delete-version cannot ask in batch mode (-B or CI); pass -Dmlops.confirm to delete model1/dev/1')
assert log.contains(new File(basedir, 'model_artifact').canonicalPath + ' is not empty; choose an empty folder, or replace what it holds (-Dmlops.overwrite)')
assert log.contains('no version of model1 in test to promote to prod; promote one from dev first (mvn mlops:promote -Dmodel=model1)')
assert log.contains('there is no model1/dev/9; model1 has versions 1 to 1 in dev')
assert new File(basedir, 'model_artifact/coefficients.txt').text.trim() == '1 2 3 4'
