/**
 * The wording of a 志愿服务记录证明 (民发〔2015〕149号), written once for the print page and the workbook, so the paper a
 * member takes to their employer reads the same whichever way it was printed.
 */
import type { CertificatePage } from './contract/assessment'
import { zhDate } from './text'

/** A run of the certificate's sentence: the name and the hours stand out; the ID number is marked for tests. */
export interface BodyPart {
  text: string
  bold?: boolean
  idNumber?: boolean
}

export function certificateWording(c: Omit<CertificatePage, 'id'>) {
  const body: BodyPart[] = [
    { text: '兹证明 ' },
    { text: c.name, bold: true },
    { text: `（性别：${c.gender || '—'}，公民身份号码：` },
    { text: c.idText, idNumber: true },
    {
      text:
        `${c.unit ? `，工作单位：${c.unit}` : ''}）于 ${c.period} 期间，作为在职党员在${c.community ? ` ${c.community} ` : '居住地村居'}参加志愿服务，` +
        `累计参加志愿服务活动 ${c.activities} 次${c.claims ? `、完成服务清单认领 ${c.claims} 项` : ''}，志愿服务时长累计 `
    },
    { text: String(c.hours), bold: true },
    { text: ' 小时。' }
  ]
  return {
    title: `志愿服务记录证明${c.reprint ? '（补发）' : ''}`,
    number: `编号：${c.number}`,
    body,
    contentLine: '志愿服务内容如下：',
    headers: ['服务内容', '次数（项）', '时长（小时）'] as const,
    closing: '特此证明。',
    sign: [`出具单位（盖章）：${c.issuer}`, `负责人（签字）：${c.personInCharge}`, `出具日期：${zhDate(c.issuedOn)}`],
    note:
      '说明：本证明依据《志愿服务条例》和民政部《关于规范志愿服务记录证明工作的指导意见》（民发〔2015〕149号）出具，所载志愿服务时长以出具单位的志愿服务记录为准；' +
      '证明编号在出具单位登记簿中可查，补发的证明沿用原编号。'
  }
}

/** The line a reprint carries under the number. */
export const reprintLine = (reprintedOn: string, issuedOn: string): string => `补发日期：${zhDate(reprintedOn)}（原出具日期：${zhDate(issuedOn)}）`
