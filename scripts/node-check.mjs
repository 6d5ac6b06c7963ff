// Stops with a Chinese message when this Node is older than the project needs (package.json engines).
// Imported first by the scripts a clerk or developer starts by hand (web, desktop start).
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `红马甲需要 Node 24 或更新版本,当前是 ${process.version}。\n` +
      '请安装 Node 24 LTS(https://nodejs.org);只能访问 npm 仓库的电脑可以在项目目录执行 source scripts/node24.sh。'
  )
  process.exit(1)
}
