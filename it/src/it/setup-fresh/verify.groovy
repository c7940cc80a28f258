def log = new File(basedir, 'build.log').text
def version = mlopsVersion
assert log.contains("wrote .github/workflows/main.yml (local mode: a self-hosted runner keeping MLOPS_HOME)")
assert log.contains('wrote mlops_settings.yaml from a template; fill in model_class and info')
assert log.contains('wrote .mlops/mlops-settings.schema.json (the settings\' JSON Schema, for editors)')
assert log.contains('mlops_settings.yaml: 1 model, valid')
// the second run
assert log.contains(".github/workflows/main.yml exists; left as it is (the goals it runs take the mlops version from the POM)")
assert log.contains('mlops_settings.yaml exists; left as it is')
assert log.contains("nothing to change: this project is set up for mlops ${version}")
assert log.count('nothing to change') == 1
def workflow = new File(basedir, '.github/workflows/main.yml').text
assert !workflow.contains('MLOPS_VERSION') && workflow.contains('run: mvn -B -ntp mlops:validate')
assert workflow.contains('runs-on: self-hosted') && !(workflow =~ /(?m)^#<\/?\w+>/)
assert workflow.contains('environment: ${{ needs.plan.outputs.environment }}')
def settings = new File(basedir, 'mlops_settings.yaml').text
assert settings.contains('model_name: setup_fresh\n')
assert settings.contains('model_class: dev.mlops.it.Model\n')
