def log = new File(basedir, 'build.log').text
def version = mlopsVersion
assert log.contains(".github/workflows/main.yml: updated the mlops version it pins from 0.0.1 to ${version}; the rest of it is as you left it")
assert log.contains('mlops_settings.yaml exists; left as it is')
assert log.contains('mlops_settings.yaml: 1 model, valid')
assert log.contains("nothing to change: this project is set up for mlops ${version}")
def workflow = new File(basedir, '.github/workflows/main.yml').text
def original = new File(basedir, '../../../src/it/setup-existing/.github/workflows/main.yml')
def expected = (original.exists() ? original.text : workflow).replace('MLOPS_VERSION: "0.0.1"', "MLOPS_VERSION: \"${version}\"")
assert workflow == expected
assert workflow.contains('./notify-slack.sh "${{ github.sha }}"')
assert workflow.contains("MLOPS_VERSION: \"${version}\"   # bumped by mvn mlops:setup")
assert new File(basedir, 'mlops_settings.yaml').text.startsWith('model_name: existing\n')
