def log = new File(basedir, 'build.log').text
assert log =~ /trained model1 into .*training.model1-\d+ and uploaded it as model1\/dev\/1 \(1 files, metadata \{data=wells_2026, (git_commit=[0-9a-f]{40}, )?rmse=0\.25\}\)/
assert log =~ /model1 +dev +1 .* upload +data=wells_2026 (git_commit=[0-9a-f]{40} )?rmse=0\.25/
