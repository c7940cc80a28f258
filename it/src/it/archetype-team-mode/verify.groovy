def steps = new File(basedir, 'build.log').text.split(/(?=\[INFO\] Scanning for projects\.\.\.)/)
        .findAll { it.contains('Scanning for projects') }
def step = { int n -> steps[n - 1] }
def project = new File(basedir, 'scratch/team-model')
def text = { String name -> new File(project, name).text }
assert steps.size() == 10
// 1, 2. the settings on Kubernetes, the store in the POM (one source for laptop and CI), and valid
assert text('mlops_settings.yaml').contains('platform: kubernetes\nreplicas: 2\ncpu: 250m\nmemory: 512Mi\n')
assert text('pom.xml').contains('<mlops.store>s3://team-models/wells</mlops.store>')
assert text('pom.xml').contains('<mlops.kube.storeSecret>mlops-store</mlops.kube.storeSecret>')
assert step(2).contains('BUILD SUCCESS')
// the workflow of team mode: GitHub-hosted runners, everything from secrets and variables, nothing kept
def workflow = text('.github/workflows/main.yml')
assert workflow.contains('runs-on: ubuntu-latest\n    environment:')
assert !workflow.contains('self-hosted') && !workflow.contains('MLOPS_HOME') && !(workflow =~ /(?m)^#<\/?\w+>/)
assert workflow.contains('KUBECONFIG_DATA: ${{ secrets.KUBECONFIG_DATA }}')
assert workflow.contains('AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}')
assert workflow.contains('-Dmlops.image.registry="$MLOPS_IMAGE_REGISTRY"')
assert workflow.contains('aws-actions/configure-aws-credentials')
// 3. Kubernetes without the team's S3 store: refused, and nothing left behind
assert step(3).contains("-Dplatform=kubernetes needs the team's S3 store, which the cluster's pods fetch their bundles from: add -Dstore=s3://bucket/prefix")
assert !new File(basedir, 'scratch/lonely-model').exists()
// 4. a store that is neither local nor s3://
assert step(4).contains('-Dstore=bucket/wells is not a store: local (MLOPS_HOME\'s folder) or the team\'s bucket, s3://bucket/prefix')
assert !new File(basedir, 'scratch/odd-model').exists()
// 5. a platform mlops does not have
assert step(5).contains('-Dplatform=openshift is not a platform: local (the function host on the deploying machine) or kubernetes')
assert !new File(basedir, 'scratch/far-model').exists()
// the team model trains on its schedule: in the settings and in the workflow's trigger
assert text('mlops_settings.yaml').contains("    schedule: '0 3 * * 1'\n")
assert workflow.contains("  schedule:\n    - cron: '0 3 * * 1'\n")
// 6, 9. local mode with a schedule, valid
def nightly = new File(basedir, 'scratch/nightly-model/.github/workflows/main.yml').text
assert nightly.contains('runs-on: self-hosted') && nightly.contains("    - cron: '30 2 * * *'\n")
assert new File(basedir, 'scratch/nightly-model/mlops_settings.yaml').text.contains("    schedule: '30 2 * * *'\n")
assert step(9).contains('BUILD SUCCESS')
// 7. team mode without a schedule: no trigger, the train job idle
def plain = new File(basedir, 'scratch/plain-team-model/.github/workflows/main.yml').text
assert plain.contains('KUBECONFIG_DATA') && !plain.contains('  schedule:\n') && !plain.contains('@cron@')
assert !new File(basedir, 'scratch/plain-team-model/mlops_settings.yaml').text.contains('schedule:')
// 10. the POM's store is the goals' store
assert step(10).contains('for bucket team-models')
// 8. a macro is not a schedule
assert step(8).contains("-DtrainingSchedule=@daily is not a schedule: none, or cron's five fields in UTC, such as '0 3 * * 1'")
true
