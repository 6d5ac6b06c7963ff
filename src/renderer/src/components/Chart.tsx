import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

/** An ECharts chart that follows its container's size; `onClick` gets the clicked category's index. */
export function Chart({ option, height = 320, onClick }: { option: ChartOption; height?: number; onClick?: (index: number) => void }) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  useEffect(() => {
    const c = echarts.init(ref.current!)
    chart.current = c
    const resize = new ResizeObserver(() => c.resize())
    resize.observe(ref.current!)
    return () => {
      resize.disconnect()
      c.dispose()
    }
  }, [])
  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])
  useEffect(() => {
    const c = chart.current
    if (!c || !onClick) return
    const handler = (p: { dataIndex: number }): void => onClick(p.dataIndex)
    c.on('click', handler)
    return () => void c.off('click', handler)
  }, [onClick])
  return <div ref={ref} style={{ width: '100%', height }} />
}
