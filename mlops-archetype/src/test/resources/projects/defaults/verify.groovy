// The generated repository: every property from its default, nothing left unfiltered, the workflow untouched.
def project = new File(basedir, 'project/my-model')
def text = { name -> new File(project, name).text }
assert text('mlops_settings.yaml').contains('model_name: my_model\n')
assert text('mlops_settings.yaml').contains("human_friendly_model_name: 'my-model'\n")
assert text('mlops_settings.yaml').contains('model_class: com.example.LinearModel\n')
assert text('mlops_settings.yaml').startsWith('# yaml-language-server: $schema=.mlops/mlops-settings.schema.json\n')
assert new File(project, '.mlops/mlops-settings.schema.json').text.contains('"model_name"')
assert new File(project, 'src/main/java/com/example/LinearModel.java').isFile()
assert new File(project, 'src/test/java/com/example/LinearModelTest.java').isFile()
assert text('.gitignore').contains('model_artifact/')
// the java flavour, the default: coefficients to train, no ONNX graph, no ONNX settings or README section
assert new File(project, 'model_artifact/coefficients.txt').isFile()
assert !new File(project, 'model_artifact/model.onnx').exists()
assert !text('mlops_settings.yaml').contains('model_format')
assert text('mlops_settings.yaml').contains('  training:\n')
assert !text('README.md').contains('skl2onnx')
assert text('pom.xml').contains('<artifactId>mlops-api</artifactId>')
['pom.xml', 'mlops_settings.yaml', 'README.md', '.gitignore'].each { name ->
    assert !(text(name) =~ /(?m)^\s*#(if|else|end)/) : "${name} holds a Velocity directive"
}
def workflow = text('.github/workflows/main.yml')
assert workflow.contains('environment: ${{ needs.plan.outputs.environment }}')
// local mode (the default): a self-hosted runner keeping MLOPS_HOME; the mlops version is the POM's alone
assert workflow.contains('runs-on: self-hosted')
assert workflow.contains("MLOPS_HOME: \${{ vars.MLOPS_HOME || '/var/lib/mlops' }}")
assert workflow.contains('run: mvn -B -ntp mlops:validate')
assert !workflow.contains('MLOPS_VERSION') && !workflow.contains('KUBECONFIG_DATA') && !(workflow =~ /(?m)^#<\/?\w+>/)
assert !text('pom.xml').contains('<mlops.store>')
assert !text('mlops_settings.yaml').contains('platform: kubernetes')
['pom.xml', 'mlops_settings.yaml', 'README.md', 'src/main/java/com/example/LinearModel.java'].each { name ->
    assert !(text(name) =~ /\$\{(groupId|artifactId|version|package|modelName|humanFriendlyModelName|mlopsVersion)\}/) :
            "${name} holds an unfiltered archetype property"
}
assert text('README.md').startsWith('my-model\n')
assert new File(project, 'build.log').text.contains('Tests run: 3, Failures: 0')
assert new File(project, 'build.log').text.contains('my_model-prediction-dev-1, two rows of well logs: ok')
